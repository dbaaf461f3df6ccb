// Client operation histories of the simulator's key-value workload: one record
// per operation with its invoke and completion times (logical), the input to
// the linearizability checker.

export const OpKind = { Put: 'put', Get: 'get' } as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];

export interface Operation {
  readonly id: number;
  readonly key: string;
  readonly kind: OpKind;
  /** For put: the value written. For get: the value returned (null = absent). */
  value: string | null;
  readonly invoke: number;
  /** Completion time; Infinity when the outcome is unknown (e.g. timed-out put). */
  complete: number;
}
