export function generateTriples(n: number): Generator<string>;
export function generateNTriples(n: number): string;
