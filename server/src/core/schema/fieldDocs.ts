export const fieldDocs: Record<string, string> = {};
export const kindDocs: Record<string, { url: string; summary: string }> = {};
