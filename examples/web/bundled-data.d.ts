// Data files the esbuild build (build.ts) bundles as text from installed npm packages.
declare module "bundled:seattle-weather.csv" {
  const text: string;
  export default text;
}
