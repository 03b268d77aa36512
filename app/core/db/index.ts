export { openDatabase, integrityCheck } from './connection';
export type { Db, OpenDatabaseOptions } from './connection';
export { migrate, readMigrationFiles, appliedMigrations } from './migrations';
export { uuidv7 } from './uuid';
