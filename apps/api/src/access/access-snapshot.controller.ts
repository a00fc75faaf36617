import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessService } from '@idplane/access';
import { APP_CONFIG, AppConfig } from '@idplane/config';

const sameSecret = (given: string, expected: string) => {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
};

/**
 * The role-mapping snapshot the token enricher reads. It holds every tenant's mappings, so it needs its own bearer
 * secret (ACCESS_SNAPSHOT_TOKEN); without one configured the endpoint does not exist.
 */
@Controller('internal/access')
export class AccessSnapshotController {
  constructor(
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('snapshot')
  async snapshot(@Req() req: Request, @Res() res: Response): Promise<void> {
    const secret = this.config.ACCESS_SNAPSHOT_TOKEN;
    if (!secret) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), secret)) {
      res.status(401).json({ error: 'a valid Bearer token is required' });
      return;
    }
    const snapshot = await this.access.snapshot(new Date());
    const { generatedAt: _, ...content } = snapshot;
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.json(snapshot);
  }
}
