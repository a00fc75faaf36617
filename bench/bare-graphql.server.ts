import 'reflect-metadata';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';

/** The baseline of bench:api: NestJS + Apollo answering a constant, with nothing of idplane in the path. */
@Resolver()
class ConstantResolver {
  @Query(() => String, { description: 'A constant.' })
  constant(): string {
    return 'ok';
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true,
      playground: false,
    }),
  ],
  providers: [ConstantResolver],
})
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
  console.log('ready');
}

void main();
