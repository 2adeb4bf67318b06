// Who is calling: the account and, for a RAM user, the user; resolved from the AccessKeyId.

export interface Principal {
  accountId: string;
  type: 'Root' | 'SubUser';
  accessKeyId: string;
  userName?: string;
  userId?: string;
}

export interface Credential {
  principal: Principal;
  secret: string;
  active: boolean;
}

export interface CredentialSource {
  lookup(accessKeyId: string): Promise<Credential | undefined>;
}

/** Root AccessKeys of the accounts the operator configured (environment and seed file). */
export class StaticCredentials implements CredentialSource {
  private readonly keys = new Map<string, Credential>();

  add(accountId: string, accessKeyId: string, secret: string): void {
    this.keys.set(accessKeyId, { principal: { accountId, type: 'Root', accessKeyId }, secret, active: true });
  }

  lookup(accessKeyId: string): Promise<Credential | undefined> {
    return Promise.resolve(this.keys.get(accessKeyId));
  }

  accountIds(): string[] {
    return [...new Set([...this.keys.values()].map((c) => c.principal.accountId))];
  }
}

/** Asks each source in turn. */
export class ChainedCredentials implements CredentialSource {
  constructor(private readonly sources: CredentialSource[]) {}
  async lookup(accessKeyId: string): Promise<Credential | undefined> {
    for (const s of this.sources) {
      const c = await s.lookup(accessKeyId);
      if (c) return c;
    }
    return undefined;
  }
}
