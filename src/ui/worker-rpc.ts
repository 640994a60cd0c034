/**
 * The page's side of a request/response worker: started on first use, one promise per request,
 * errors rebuilt with the worker's name and message. When the worker itself dies, every waiting
 * request fails with `stopped` and the next call starts a fresh worker.
 */
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export interface RpcError {
  name: string;
  message: string;
  code?: string;
}

export type RpcResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: RpcError } | { id: number; progress: number };

export interface CallOptions {
  onProgress?: ((fraction: number) => void) | undefined;
  /** Buffers handed to the worker instead of copied. */
  transfer?: Transferable[];
}

const plainError = (e: RpcError) => Object.assign(new Error(e.message), { name: e.name });

/**
 * `stopped` words the failure when the worker itself dies; `toError` rebuilds a worker's error
 * (the import worker's carry an AppError code).
 */
export function workerRpc<Req extends { id: number; type: string }, Results extends { [K in Req['type']]: unknown }>(create: () => Worker, stopped: (reason: string) => string | Error, toError: (e: RpcError) => Error = plainError) {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: ((f: number) => void) | undefined }>();

  function getWorker(): Worker {
    if (worker) return worker;
    const w = create();
    w.addEventListener('message', (e: MessageEvent<RpcResponse>) => {
      const msg = e.data;
      const p = pending.get(msg.id);
      if (!p) return;
      if ('progress' in msg) return p.onProgress?.(msg.progress);
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(toError(msg.error));
    });
    w.addEventListener('error', (e) => {
      const said = stopped(e.message || 'unknown error');
      const err = said instanceof Error ? said : new Error(said);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      w.terminate();
      worker = undefined;
    });
    return (worker = w);
  }

  return function call<T extends Req['type']>(req: Extract<DistributiveOmit<Req, 'id'>, { type: T }>, opts: CallOptions | ((fraction: number) => void) = {}): Promise<Results[T]> {
    const { onProgress, transfer } = typeof opts === 'function' ? { onProgress: opts, transfer: undefined } : opts;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      getWorker().postMessage({ ...req, id }, { transfer: transfer ?? [] });
    });
  };
}
