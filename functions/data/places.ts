import cityData from './cities.json' with { type: 'json' };
import townData from './towns.json' with { type: 'json' };

/**
 * Turkey's 81 provinces (plate codes 1–81) and their 970 districts, with İYS's own global, sequential
 * district codes (Adana 1–15, Adıyaman 16–24, …). Source: the getCities/getTowns answers of İYS's OpenAPI
 * document 3.2.0 (shared/reference/iys-openapi-3.2.0.json), which match the Ministry of Interior's list of
 * provinces and districts; see docs/onboarding.md.
 */
export interface City {
  code: number;
  name: string;
}
export interface Town {
  code: number;
  name: string;
  city_code: number;
}

export const cities: readonly City[] = cityData;
export const towns: readonly Town[] = townData;

const cityByCode = new Map(cities.map((c) => [c.code, c]));
const townByCode = new Map(towns.map((t) => [t.code, t]));

export const cityOf = (code: number): City | undefined => cityByCode.get(code);
export const townOf = (code: number): Town | undefined => townByCode.get(code);
