// A stand-in for a GPUDevice in Node tests (Node has no WebGPU): error scopes that report
// what a test queues, and uncaptured errors a test raises.
/** A device that reports `scopeErrors` from its error scopes and can raise uncaptured errors. */
export class FakeDevice extends EventTarget {
  scopes = 0;
  maxScopes = 0;
  scopeErrors: string[] = [];
  loseDevice!: (info: { reason?: string; message?: string }) => void;
  lost = new Promise<{ reason?: string; message?: string }>((resolve) => (this.loseDevice = resolve));
  pushErrorScope(): void {
    this.scopes++;
    this.maxScopes = Math.max(this.maxScopes, this.scopes);
  }
  async popErrorScope(): Promise<{ message: string } | null> {
    this.scopes--;
    const message = this.scopeErrors.shift();
    return message ? { message } : null;
  }
  raise(message: string): void {
    this.dispatchEvent(Object.assign(new Event("uncapturederror"), { error: { message } }));
  }
}
