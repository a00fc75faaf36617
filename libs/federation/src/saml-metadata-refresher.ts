import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '@idplane/errors';
import type { IdentityProviderService } from './identity-provider.service';
import { SafeFetchError } from './safe-fetch.error';

/** A SAML IdP whose metadata idplane fetched from a URL. */
export interface RefreshableSamlProvider {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
}

/** Lists what the refresher works on; the persistence adapter implements it. */
export interface SamlMetadataUrlSource {
  /** SAML IdPs with a metadataUrl, of live tenants (not DELETING or DELETED), in id order after afterId. */
  listSamlProvidersWithMetadataUrl(afterId: string | null, limit: number): Promise<RefreshableSamlProvider[]>;
}

/**
 * `fetch-failed`: unreachable, refused by the SSRF policy, an HTTP error; `invalid`: the document no longer passes
 * validation; `conflict`: an admin changed the IdP meanwhile; `gone`: removed, or its tenant is being deleted.
 */
export const METADATA_REFRESH_OUTCOMES = [
  'unchanged',
  'updated',
  'fetch-failed',
  'invalid',
  'conflict',
  'gone',
  'error',
] as const;
export type MetadataRefreshOutcome = (typeof METADATA_REFRESH_OUTCOMES)[number];

export interface MetadataRefreshReport {
  readonly provider: RefreshableSamlProvider;
  readonly outcome: MetadataRefreshOutcome;
  /** Set for the failed outcomes; its message is safe to show the tenant's admin (it names the URL, never a body). */
  readonly error?: Error;
  /** SafeFetchError's reason code, for failed fetches. */
  readonly reason?: string;
}

export interface MetadataRefreshResult {
  checked: number;
  outcomes: Record<MetadataRefreshOutcome, number>;
  /** Tenants with an IdP updated: their certificate condition is worth checking now. */
  updatedTenantIds: string[];
}

export interface SamlMetadataRefresherOptions {
  /** Fetches in flight at once: each may wait up to the fetch timeout on a slow IdP. */
  readonly concurrency?: number;
  readonly pageSize?: number;
}

/**
 * Fetches every SAML IdP's metadataUrl again, so that certificates the IdP rotated reach Cognito. Each IdP goes
 * through IdentityProviderService.refreshSamlMetadata, the same validation and write path as an admin's update;
 * a failure leaves the stored IdP as it was.
 */
export class SamlMetadataRefresher {
  private readonly concurrency: number;
  private readonly pageSize: number;

  constructor(
    private readonly source: SamlMetadataUrlSource,
    private readonly service: Pick<IdentityProviderService, 'refreshSamlMetadata'>,
    options: SamlMetadataRefresherOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.pageSize = options.pageSize ?? 200;
  }

  /** Refreshes every IdP with a metadata URL; `onReport` hears about each one, for logs and metrics. */
  async run(onReport?: (report: MetadataRefreshReport) => void): Promise<MetadataRefreshResult> {
    const outcomes = Object.fromEntries(METADATA_REFRESH_OUTCOMES.map((o) => [o, 0])) as Record<
      MetadataRefreshOutcome,
      number
    >;
    const updated = new Set<string>();
    let checked = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.source.listSamlProvidersWithMetadataUrl(after, this.pageSize);
      let next = 0;
      const lane = async () => {
        while (next < page.length) {
          const provider = page[next++];
          const report = await this.refreshOne(provider);
          checked += 1;
          outcomes[report.outcome] += 1;
          if (report.outcome === 'updated') updated.add(provider.tenantId);
          onReport?.(report);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, page.length) }, lane));
      if (page.length < this.pageSize) return { checked, outcomes, updatedTenantIds: [...updated] };
      after = page[page.length - 1].id;
    }
  }

  private async refreshOne(provider: RefreshableSamlProvider): Promise<MetadataRefreshReport> {
    try {
      const refreshed = await this.service.refreshSamlMetadata(provider.tenantId, provider.id);
      return { provider, outcome: refreshed.outcome };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (err instanceof SafeFetchError)
        return { provider, outcome: 'fetch-failed', error: err, reason: err.reason };
      if (err instanceof ValidationError) return { provider, outcome: 'invalid', error: err };
      if (err instanceof ConflictError) return { provider, outcome: 'conflict', error: err };
      if (err instanceof NotFoundError || err instanceof PreconditionFailedError)
        return { provider, outcome: 'gone', error: err };
      return { provider, outcome: 'error', error: err };
    }
  }
}
