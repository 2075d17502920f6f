import { SevdeskApiError } from '../errors.js';
import { type RouteContext, documented, undocumented } from '../openapi/route.js';
import { ADDRESS_CATEGORIES, SEV_USER, STATIC_COUNTRIES } from '../static-data.js';
import { page, queryOf } from './common.js';

/** The account's basics: bookkeeping system version, users, countries, categories. */
export function toolRoutes(rc: RouteContext): void {
  const { state } = rc;

  documented(rc, 'GET', '/Tools/bookkeepingSystemVersion', async (request) => {
    // Measured: X-Version 1.0/2.0 is accepted on Invoice/Voucher but refused here (notes §1.1).
    const version = request.headers['x-version'];
    if (version !== undefined && version !== 'default') {
      throw new SevdeskApiError(400, `Unknown version ${String(version)} for Tools/bookkeepingSystemVersion. Valid versions: default`);
    }
    return { objects: { version: state.bookkeepingSystemVersion } };
  });

  documented(rc, 'GET', '/SevUser', async (request) =>
    page(
      [
        {
          id: SEV_USER.id,
          objectName: 'SevUser',
          username: SEV_USER.username,
          fullname: SEV_USER.fullname,
          firstName: SEV_USER.firstName,
          lastName: SEV_USER.lastName,
          email: SEV_USER.email,
          role: SEV_USER.role,
          status: '100',
          sevClient: { id: String(SEV_USER.sevClientId), objectName: 'SevClient' },
        },
      ],
      queryOf(request),
    ),
  );

  undocumented(rc, 'GET', '/StaticCountry', 'notes §3.3: GET /StaticCountry?limit=1000 lists the country ids', async (request) =>
    page(
      STATIC_COUNTRIES.map((c) => ({
        id: String(c.id),
        objectName: 'StaticCountry',
        code: c.code.toLowerCase(),
        name: c.name,
        nameEn: c.nameEn,
        translationCode: `COUNTRY_${c.code}`,
        locale: `${c.code.toLowerCase()}_${c.code}`,
        priority: String(c.id),
      })),
      queryOf(request),
    ),
  );

  undocumented(rc, 'GET', '/Category', 'notes §3.3: GET /Category?objectType=ContactAddress lists address categories', async (request) => {
    const q = queryOf(request);
    const rows = q.objectType === undefined || q.objectType === 'ContactAddress' ? ADDRESS_CATEGORIES : [];
    return page(
      rows.map((c) => ({ id: String(c.id), objectName: 'Category', name: c.name, objectType: 'ContactAddress', priority: '1' })),
      q,
    );
  });
}
