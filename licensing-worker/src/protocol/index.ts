// The wire format of the licensing API: zod schemas and inferred types, shared with the app.
export * from './errors';
export * from './license';
export * from './licensing';
export * from './billing';
export * from './menu';
export * from './trial';
export * from './offline-license';
