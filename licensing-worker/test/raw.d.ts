// Vite's raw imports (test/rate-limits.test.ts reads wrangler.toml).
declare module '*?raw' {
  const text: string;
  export default text;
}
