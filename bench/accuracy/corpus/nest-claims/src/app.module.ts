import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClaimEntity } from './claims/claim.entity';
import { ClaimsController } from './claims/claims.controller';
import { ClaimsService } from './claims/claims.service';
import { EligibilityService } from './eligibility/eligibility.service';
import { MemberAnalyticsService } from './members/member-analytics.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    HttpModule.register({ timeout: 5000, maxRedirects: 0 }),
    TypeOrmModule.forRoot({
      type: 'postgres',
      host: process.env.DB_HOST,
      port: 5432,
      username: 'claims_app',
      password: 'Cl@ims-Pr0d-2024!', // expect: no-hardcoded-credentials
      database: 'claims',
      entities: [ClaimEntity],
      ssl: { rejectUnauthorized: true },
    }),
    TypeOrmModule.forFeature([ClaimEntity]),
  ],
  controllers: [ClaimsController],
  providers: [ClaimsService, EligibilityService, MemberAnalyticsService],
})
export class AppModule {}
