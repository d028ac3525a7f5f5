export const loadThree = () => import('./deep-3.ts')
