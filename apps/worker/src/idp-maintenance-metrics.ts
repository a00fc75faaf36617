import { Counter, Gauge, Registry } from 'prom-client';
import { METADATA_REFRESH_OUTCOMES } from '@idplane/federation';

/** Metrics of the scheduled IdP jobs. Labels stay low-cardinality: never a tenant or IdP. */
export class IdpMaintenanceMetrics {
  readonly metadataRefreshes: Counter<'outcome'>;
  readonly metadataFetchFailures: Counter<'reason'>;
  readonly certificateEvents: Counter<'threshold'>;
  readonly providersAtRisk: Gauge<'state'>;

  constructor(registry: Registry) {
    this.metadataRefreshes = new Counter({
      name: 'idplane_idp_metadata_refreshes_total',
      help: 'Scheduled SAML metadata refreshes, by outcome (unchanged, updated, fetch-failed, invalid, conflict, gone, error)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Every outcome shows from the start, so an alert on failures has a series to watch before the first one.
    for (const outcome of METADATA_REFRESH_OUTCOMES) this.metadataRefreshes.inc({ outcome }, 0);
    this.metadataFetchFailures = new Counter({
      name: 'idplane_idp_metadata_fetch_failures_total',
      help: 'Metadata refreshes whose fetch failed, by reason (TIMEOUT, HTTP_STATUS, ADDRESS_NOT_ALLOWED, ...)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.certificateEvents = new Counter({
      name: 'idplane_idp_certificate_events_total',
      help: 'IdP certificate lifecycle events recorded in the outbox, by threshold (expiring, expired)',
      labelNames: ['threshold'],
      registers: [registry],
    });
    this.providersAtRisk = new Gauge({
      name: 'idplane_idp_certificates_at_risk',
      help: 'SAML IdPs with no signing certificate valid beyond the warning window, at the last full check, by state',
      labelNames: ['state'],
      registers: [registry],
    });
  }
}
