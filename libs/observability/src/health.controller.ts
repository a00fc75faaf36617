import { Controller, Get, HttpCode, Inject, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { METRICS_PORT } from './metrics-listener';
import { READINESS_CHECKS, ReadinessCheck, runReadinessChecks } from './readiness';

@Controller()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(Registry) private readonly registry: Registry,
    @Inject(METRICS_PORT) private readonly metricsPort: number | null,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response) {
    const result = await runReadinessChecks(this.checks);
    res
      .status(result.ready ? 200 : 503)
      .json({ status: result.ready ? 'ok' : 'unavailable', checks: result.checks, failing: result.failing });
  }

  @Get('metrics')
  async metrics(@Res() res: Response) {
    // With a metrics port of its own, the main port answers as for any unknown route.
    if (this.metricsPort !== null) throw new NotFoundException('Cannot GET /metrics');
    res.setHeader('Content-Type', this.registry.contentType);
    res.send(await this.registry.metrics());
  }
}
