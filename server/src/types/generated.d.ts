declare module '@generated/schema.json' {
  const value: unknown;
  export default value;
}

declare module '@snippets/istio.json' {
  const value: Record<string, { prefix: string; description: string; body: string[] }>;
  export default value;
}
