import { defineConfig } from 'prisma/config'

// Prisma 7 reads this file for `prisma generate` and the migrate commands. The app itself never
// reads it: it connects through driver adapters (lib/db), and migrations are applied offline by
// lib/db/migrate.ts, which uses the same schema and migrations folder.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
