import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.arbor/**', 'node_modules/**', 'prisma/generated/**', 'next-env.d.ts', 'test-results/**'],
  },
  {
    // lib/env.ts is the one reader of process.env: everything else imports `env` from it.
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['lib/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' },
      ],
    },
  },
]

export default config
