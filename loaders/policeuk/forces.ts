/**
 * police.uk force ids (the slugs in file names and the API) and ONS Police Force Area (PFA) codes, England.
 * From the ONS "LAD to CSP to PFA (December 2024)" lookup names and data.police.uk/api/forces.
 */
export const FORCE_BY_PFA: Record<string, {id: string; name: string}> = {
  E23000001: {id: "metropolitan", name: "Metropolitan Police Service"},
  E23000002: {id: "cumbria", name: "Cumbria Constabulary"},
  E23000003: {id: "lancashire", name: "Lancashire Constabulary"},
  E23000004: {id: "merseyside", name: "Merseyside Police"},
  E23000005: {id: "greater-manchester", name: "Greater Manchester Police"},
  E23000006: {id: "cheshire", name: "Cheshire Constabulary"},
  E23000007: {id: "northumbria", name: "Northumbria Police"},
  E23000008: {id: "durham", name: "Durham Constabulary"},
  E23000009: {id: "north-yorkshire", name: "North Yorkshire Police"},
  E23000010: {id: "west-yorkshire", name: "West Yorkshire Police"},
  E23000011: {id: "south-yorkshire", name: "South Yorkshire Police"},
  E23000012: {id: "humberside", name: "Humberside Police"},
  E23000013: {id: "cleveland", name: "Cleveland Police"},
  E23000014: {id: "west-midlands", name: "West Midlands Police"},
  E23000015: {id: "staffordshire", name: "Staffordshire Police"},
  E23000016: {id: "west-mercia", name: "West Mercia Police"},
  E23000017: {id: "warwickshire", name: "Warwickshire Police"},
  E23000018: {id: "derbyshire", name: "Derbyshire Constabulary"},
  E23000019: {id: "nottinghamshire", name: "Nottinghamshire Police"},
  E23000020: {id: "lincolnshire", name: "Lincolnshire Police"},
  E23000021: {id: "leicestershire", name: "Leicestershire Police"},
  E23000022: {id: "northamptonshire", name: "Northamptonshire Police"},
  E23000023: {id: "cambridgeshire", name: "Cambridgeshire Constabulary"},
  E23000024: {id: "norfolk", name: "Norfolk Constabulary"},
  E23000025: {id: "suffolk", name: "Suffolk Constabulary"},
  E23000026: {id: "bedfordshire", name: "Bedfordshire Police"},
  E23000027: {id: "hertfordshire", name: "Hertfordshire Constabulary"},
  E23000028: {id: "essex", name: "Essex Police"},
  E23000029: {id: "thames-valley", name: "Thames Valley Police"},
  E23000030: {id: "hampshire", name: "Hampshire Constabulary"},
  E23000031: {id: "surrey", name: "Surrey Police"},
  E23000032: {id: "kent", name: "Kent Police"},
  E23000033: {id: "sussex", name: "Sussex Police"},
  E23000034: {id: "city-of-london", name: "City of London Police"},
  E23000035: {id: "devon-and-cornwall", name: "Devon & Cornwall Police"},
  E23000036: {id: "avon-and-somerset", name: "Avon and Somerset Constabulary"},
  E23000037: {id: "gloucestershire", name: "Gloucestershire Constabulary"},
  E23000038: {id: "wiltshire", name: "Wiltshire Police"},
  E23000039: {id: "dorset", name: "Dorset Police"}
};

/** The force with the given police.uk id, with its PFA code; undefined for an id that is not an English force. */
export function forceById(id: string): {id: string; name: string; pfaCode: string} | undefined {
  const entry = Object.entries(FORCE_BY_PFA).find(([, f]) => f.id === id);
  return entry ? {...entry[1], pfaCode: entry[0]} : undefined;
}

/** A force name compared loosely: lower case, "&" read as "and", letters and digits only ("Devon & Cornwall Police" = "Devon and Cornwall Police"). */
export const normaliseForceName = (name: string): string => name.toLowerCase().replaceAll("&", "and").replace(/[^a-z0-9]+/g, "");
