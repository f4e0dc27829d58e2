/** The economy's stored shapes live with the other document schemas (db/), so collections are typed below the domain. */
export * from '../db/economySchemas.js';
