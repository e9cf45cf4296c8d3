// The product's API as the portal calls it: bearer token on every request, problem details turned into errors
// that name the field at fault.

import type { Session } from "./session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Readonly<Record<string, readonly string[]>> = {},
  ) {
    super(message);
  }

  /** The whole message, with each field at fault. */
  describe(): string {
    const fields = Object.entries(this.fieldErrors).map(([field, errors]) => `${field}: ${errors.join("; ")}`);
    return [this.message, ...fields].join("\n");
  }
}

export class Api {
  constructor(
    private readonly base: string,
    private readonly session: Session,
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("PATCH", path, body);
  }

  /** A file the API serves (a CSV report), as a blob to save. */
  async download(path: string): Promise<Blob> {
    const response = await fetch(this.base + path, { headers: this.headers() });
    if (!response.ok) {
      throw await this.errorOf(response);
    }
    return response.blob();
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: this.headers(body !== undefined) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    const response = await fetch(this.base + path, init);
    if (!response.ok) {
      throw await this.errorOf(response);
    }
    return (await response.json()) as T;
  }

  private headers(json = false): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.session.bearer) {
      headers["Authorization"] = `Bearer ${this.session.bearer}`;
    }
    if (json) {
      headers["Content-Type"] = "application/json";
    }
    return headers;
  }

  private async errorOf(response: Response): Promise<ApiError> {
    if (response.status === 401) {
      this.onUnauthorized();
    }
    let problem: { title?: string; detail?: string; errors?: Record<string, string[]> } = {};
    try {
      problem = (await response.json()) as typeof problem;
    } catch {
      // Not problem details (a proxy's page): the status says enough.
    }
    const message =
      response.status === 403
        ? `Your role may not do this (${problem.detail ?? "forbidden"}).`
        : (problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`);
    return new ApiError(response.status, message, problem.errors ?? {});
  }
}
