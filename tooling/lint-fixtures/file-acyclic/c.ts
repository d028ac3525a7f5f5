export interface C {
  value: number
}
