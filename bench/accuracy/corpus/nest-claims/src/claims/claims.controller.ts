import { Body, Controller, Get, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ClaimsService } from './claims.service';
import { CreateClaimDto } from './claim.types';

@Controller('claims')
export class ClaimsController {
  private readonly logger = new Logger(ClaimsController.name);

  constructor(private readonly claimsService: ClaimsService) {}

  @Post()
  async create(@Body() dto: CreateClaimDto) {
    this.logger.verbose(`create claim payload: ${JSON.stringify(dto)}`); // expect: no-phi-in-logs
    const claim = await this.claimsService.submit(dto);
    return { id: claim.id, claimNumber: claim.claimNumber, status: claim.status };
  }

  @Get(':id')
  async findOne(@Param('id') id: string) {
    this.logger.log(`GET /claims/${id}`); // ok: no-phi-in-logs
    return this.claimsService.get(id);
  }

  @Get(':id/eob')
  async explanationOfBenefits(@Param('id') id: string, @Query('format') format: 'pdf' | 'html', @Res() res: Response) {
    const claim = await this.claimsService.get(id);
    if (format === 'html') {
      return res.redirect(`/eob/${claim.id}?lang=en`); // ok: no-phi-in-urls
    }
    res.redirect(302, `https://docs.payer.example/eob?member=${claim.memberId}&dob=${claim.patientDob}`); // expect: no-phi-in-urls x2
  }
}
