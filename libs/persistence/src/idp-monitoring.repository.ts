import { DataSource } from 'typeorm';
import {
  certificateAlertKey,
  certificateEventOf,
  IDP_CERTIFICATE_TOPICS,
  IDP_CERTIFICATES_CONDITION,
  type CertificateAlert,
  type IdpCertificateMonitorStore,
  type MonitoredIdentityProvider,
  type RefreshableSamlProvider,
  type SamlMetadataUrlSource,
  type SamlSummary,
  type TenantCertificateCheck,
  type TenantCertificateCheckResult,
} from '@idplane/federation';
import { Condition, mergeConditions } from '@idplane/tenancy';
import { returnedRows } from './returned-rows';

const CLOSED = `('DELETING', 'DELETED')`;

/**
 * Storage of the scheduled IdP jobs: the certificate monitor (tenant conditions, one outbox event per certificate
 * and threshold) and the list the metadata refresher works through.
 */
export class PostgresIdpMonitoringStore implements IdpCertificateMonitorStore, SamlMetadataUrlSource {
  constructor(private readonly dataSource: DataSource) {}

  async listTenantsToCheck(afterId: string | null, limit: number): Promise<string[]> {
    // Tenants that lost their last SAML IdP still carry the condition, and need it set back to True.
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT t.id FROM tenants t
       WHERE t.status NOT IN ${CLOSED} AND ($1::uuid IS NULL OR t.id > $1::uuid)
         AND (EXISTS (SELECT 1 FROM identity_providers p WHERE p.tenant_id = t.id AND p.type = 'SAML')
              OR t.conditions @> $3::jsonb)
       ORDER BY t.id LIMIT $2`,
      [afterId, limit, JSON.stringify([{ type: IDP_CERTIFICATES_CONDITION }])],
    );
    return rows.map((r) => r.id);
  }

  async listSamlProviders(tenantIds: readonly string[]): Promise<MonitoredIdentityProvider[]> {
    if (tenantIds.length === 0) return [];
    const rows: {
      id: string;
      tenant_id: string;
      name: string;
      cognito_provider_name: string;
      version: number;
      saml: SamlSummary | null;
    }[] = await this.dataSource.query(
      `SELECT id, tenant_id, name, cognito_provider_name, version, saml FROM identity_providers
       WHERE tenant_id = ANY($1::uuid[]) AND type = 'SAML' ORDER BY tenant_id, id`,
      [tenantIds],
    );
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      name: r.name,
      cognitoProviderName: r.cognito_provider_name,
      version: r.version,
      certificates: r.saml?.certificates ?? [],
    }));
  }

  async listRecordedAlertKeys(identityProviderIds: readonly string[]): Promise<Set<string>> {
    if (identityProviderIds.length === 0) return new Set();
    const rows: {
      identity_provider_id: string;
      fingerprint_sha256: string;
      threshold: 'expiring' | 'expired';
    }[] = await this.dataSource.query(
      `SELECT identity_provider_id, fingerprint_sha256, threshold FROM idp_certificate_notices
         WHERE identity_provider_id = ANY($1::uuid[])`,
      [identityProviderIds],
    );
    return new Set(
      rows.map((r) =>
        certificateAlertKey({
          identityProviderId: r.identity_provider_id,
          fingerprintSha256: r.fingerprint_sha256,
          threshold: r.threshold,
        }),
      ),
    );
  }

  async recordCheck(check: TenantCertificateCheck): Promise<TenantCertificateCheckResult> {
    return this.dataSource.transaction(async (em) => {
      // Every IdP write bumps the tenant row first, so holding its lock keeps the IdPs as they are until commit.
      const [tenant]: { status: string; conditions: Condition[] }[] = await em.query(
        `SELECT status, conditions FROM tenants WHERE id = $1 FOR UPDATE`,
        [check.tenantId],
      );
      if (tenant === undefined || tenant.status === 'DELETING' || tenant.status === 'DELETED') {
        return { stale: false, conditionChanged: false, recorded: [] };
      }
      const current: { id: string; version: number }[] = await em.query(
        `SELECT id, version FROM identity_providers WHERE tenant_id = $1 AND type = 'SAML'`,
        [check.tenantId],
      );
      const read = new Map(check.identityProviders.map((p) => [p.id, p.version]));
      if (current.length !== read.size || current.some((p) => read.get(p.id) !== p.version)) {
        return { stale: true, conditionChanged: false, recorded: [] };
      }

      const before = tenant.conditions.find((c) => c.type === check.condition.type);
      const conditionChanged =
        before === undefined ||
        before.status !== check.condition.status ||
        before.reason !== check.condition.reason ||
        before.message !== check.condition.message;
      if (conditionChanged) {
        await em.query(`UPDATE tenants SET conditions = $2, updated_at = now() WHERE id = $1`, [
          check.tenantId,
          JSON.stringify(mergeConditions(tenant.conditions, [check.condition], check.checkedAt)),
        ]);
      }

      const present = check.identityProviders.flatMap((p) => p.fingerprints.map((f) => `${p.id} ${f}`));
      await em.query(
        `DELETE FROM idp_certificate_notices
         WHERE tenant_id = $1 AND (identity_provider_id::text || ' ' || fingerprint_sha256) <> ALL($2::text[])`,
        [check.tenantId, present],
      );

      const recorded: CertificateAlert[] = [];
      for (const alert of check.newAlerts) {
        // The notice row claims the event; a racing check that claimed it first leaves nothing to insert here.
        const claimed = returnedRows<{ id: string }>(
          await em.query(
            `INSERT INTO idp_certificate_notices
               (tenant_id, identity_provider_id, fingerprint_sha256, threshold, not_after, outbox_message_id)
             VALUES ($1, $2, $3, $4, $5, gen_random_uuid())
             ON CONFLICT ON CONSTRAINT idp_certificate_notices_unique DO NOTHING
             RETURNING outbox_message_id AS id`,
            [
              alert.tenantId,
              alert.identityProviderId,
              alert.fingerprintSha256,
              alert.threshold,
              alert.notAfter,
            ],
          ),
        );
        if (claimed.length === 0) continue;
        await em.query(
          `INSERT INTO outbox_messages (id, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4)`,
          [
            claimed[0].id,
            IDP_CERTIFICATE_TOPICS[alert.threshold],
            alert.tenantId,
            JSON.stringify(certificateEventOf(alert, check.checkedAt)),
          ],
        );
        recorded.push(alert);
      }
      return { stale: false, conditionChanged, recorded };
    });
  }

  async listSamlProvidersWithMetadataUrl(
    afterId: string | null,
    limit: number,
  ): Promise<RefreshableSamlProvider[]> {
    const rows: { id: string; tenant_id: string; name: string }[] = await this.dataSource.query(
      `SELECT p.id, p.tenant_id, p.name FROM identity_providers p JOIN tenants t ON t.id = p.tenant_id
       WHERE p.type = 'SAML' AND p.details->>'metadataUrl' IS NOT NULL AND t.status NOT IN ${CLOSED}
         AND ($1::uuid IS NULL OR p.id > $1::uuid)
       ORDER BY p.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, name: r.name }));
  }
}
