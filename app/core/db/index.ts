export { openDatabase } from './connection';
export type { Db } from './connection';
