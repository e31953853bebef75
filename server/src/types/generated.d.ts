declare module '@generated/schema.json' {
  const value: unknown;
  export default value;
}
