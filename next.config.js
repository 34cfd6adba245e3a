/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
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
}

export default nextConfig
