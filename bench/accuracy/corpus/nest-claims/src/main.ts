import 'dd-trace/init';
import { Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as appInsights from 'applicationinsights';
import { AppModule } from './app.module';

async function bootstrap() {
  appInsights
    .setup(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING) // ok: no-hardcoded-credentials
    .setAutoCollectConsole(false)
    .start();
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  await app.listen(process.env.PORT ?? 3000);
  new Logger('bootstrap').log(`claims service up on ${await app.getUrl()}`); // ok: no-phi-in-logs
}

void bootstrap();
