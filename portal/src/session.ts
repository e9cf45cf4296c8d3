// Who is signed in: a bearer token for the product's API, kept for this browser tab only.
// Locally the local host prints a link that carries a token in the URL fragment (never sent to a server);
// a token can also be pasted. In Azure the same token would come from Entra ID sign-in (ADR 0035).

const storageKey = "vpp.portal.token";

export interface Claims {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly expires: Date | null;
}

export class Session {
  private token: string | null;

  constructor(private readonly storage: Storage) {
    this.token = storage.getItem(storageKey);
  }

  /** Takes a token handed over in the URL fragment (#token=…) and removes it from the address bar. */
  adoptFromFragment(location: Location, history: History): void {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match?.[1]) {
      this.signIn(decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search + "#/fleet");
    }
  }

  signIn(token: string): void {
    this.token = token.trim();
    this.storage.setItem(storageKey, this.token);
  }

  signOut(): void {
    this.token = null;
    this.storage.removeItem(storageKey);
  }

  get bearer(): string | null {
    return this.token;
  }

  /** The token's claims, read for display only: the API validates the token on every call. */
  get claims(): Claims | null {
    const payload = this.token?.split(".")[1];
    if (!payload) {
      return null;
    }
    try {
      const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
      const roles = json["roles"] ?? json["role"];
      return {
        subject: String(json["name"] ?? json["sub"] ?? "unknown"),
        roles: Array.isArray(roles) ? roles.map(String) : roles === undefined ? [] : [String(roles)],
        expires: typeof json["exp"] === "number" ? new Date(json["exp"] * 1000) : null,
      };
    } catch {
      return null;
    }
  }
}
