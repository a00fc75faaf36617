import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { GraphQLResponseCache } from './graphql-response-cache';

@Module({
  imports: [AuthModule],
  providers: [GraphQLResponseCache],
  exports: [GraphQLResponseCache],
})
export class ResponseCacheModule {}
