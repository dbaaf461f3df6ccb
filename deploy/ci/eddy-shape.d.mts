// Types of eddy-shape.mjs, for test/deploy/eddy-shape.test.ts.
export declare const SERVER_SHUTDOWN_DEADLINE_S: number;
export declare const BALANCER_SETTINGS: Record<'EDDY_BALANCER_INTERVAL_MS' | 'EDDY_NODE_REPLACEMENT_TIMEOUT_MS' | 'EDDY_REASSIGNMENT_MAX_CONCURRENT', { min: number; max?: number; default: number }>;
/** Problems of one render (plain objects, as parsed from `kubectl kustomize`); empty when fine. */
export declare function checkEddyShape(objects: readonly unknown[]): string[];
