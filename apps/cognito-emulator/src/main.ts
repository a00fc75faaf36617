import { settingsFromEnv } from './config/settings-from-env';
import { startServer } from './server/emulator-server';

async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  const running = await startServer(settings);
  console.log(
    JSON.stringify({
      msg: 'cognito-emulator listening',
      url: running.url,
      quotas: settings.quotasEnabled ? 'on' : 'off',
      stateFile: settings.stateFile ?? null,
    }),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ msg: 'cognito-emulator stopping', signal }));
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('cognito-emulator failed to start', error);
  process.exit(1);
});
