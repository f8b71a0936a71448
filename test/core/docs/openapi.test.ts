import { expect } from 'chai';
import SwaggerParser from '@apidevtools/swagger-parser';
import { api, getTestKernel } from '../../support/kernel';
import { mergeOpenApi } from '../../../core/docs/openapi';

describe('API documentation', () => {
  it('when /openapi.json is fetched, then it is a valid OpenAPI 3 document covering the core and every installed module', async () => {
    const res = await (await api()).get('/openapi.json');
    expect(res.status).to.equal(200);
    const doc = res.body as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).to.match(/^3\./);
    await SwaggerParser.validate(structuredClone(doc) as unknown as Parameters<typeof SwaggerParser.validate>[0]);
    expect(doc.paths).to.have.property('/api/v1/system/info');
    expect(doc.paths).to.have.property('/api/v1/fixture/notes');
  });

  it('when /docs and /redoc are opened, then both pages and their scripts come from this server (no CDN)', async () => {
    const agent = await api();
    const swagger = await agent.get('/docs/');
    expect(swagger.status).to.equal(200);
    expect(swagger.text).to.include('swagger-ui');
    expect(swagger.text).to.not.match(/https?:\/\/(?!localhost)[a-z0-9.-]+\/[^"']*\.(js|css)/i);
    const init = await agent.get('/docs/swagger-ui-init.js');
    expect(init.status).to.equal(200);
    const redoc = await agent.get('/redoc');
    expect(redoc.status).to.equal(200);
    expect(redoc.text).to.include('/redoc/assets/redoc.standalone.js');
    expect(redoc.text).to.not.match(/src="https?:/);
    const bundle = await agent.get('/redoc/assets/redoc.standalone.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.headers['content-type']).to.match(/javascript/);
  });

  it('when two documents define the same path, then merging refuses instead of overwriting', async () => {
    const kernel = await getTestKernel();
    const twice = [...kernel.modules, ...kernel.modules];
    expect(() => mergeOpenApi('x', '1', twice)).to.throw(/defined by two documents/);
  });
});
