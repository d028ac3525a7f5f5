export const shared = (n: number): number => n * 2
