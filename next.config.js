/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // JSON answers are small and a proxy or Vercel's edge compresses: gzip in the Node process cost a
  // third of the intake's per-request CPU (bench/intake, single-message requests)
  compress: false,
  // Postgres drivers and the embedded database load native or WASM code at run time: keep them out of the bundle.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pglite-prisma-adapter',
    '@prisma/adapter-pg',
    '@vercel/postgres',
    'pg',
    'ws',
  ],
  // The intake's verifier threads load these files from disk at run time; serverless bundles need them traced in.
  outputFileTracingIncludes: {
    '/api/**/*': ['./lib/intake/verifier-worker.mjs', './lib/intake/verifier-core.mjs'],
  },
}

export default nextConfig
