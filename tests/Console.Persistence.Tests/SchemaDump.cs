using System.Data.Common;
using AdminConsole.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Persistence.Tests;

/// <summary>A provider's own description of the tables, columns, indexes and keys, as sorted lines to compare.</summary>
internal static class SchemaDump
{
    private const string SqliteQuery = """
        SELECT m.name || '.' || p.name || ' ' || p.type || CASE WHEN p."notnull" = 1 THEN ' not null' ELSE '' END
               || CASE WHEN p.pk > 0 THEN ' pk' ELSE '' END || ' default=' || COALESCE(p.dflt_value, '')
        FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'index ' || m.tbl_name || ' ' || m.name || ' unique=' || il."unique" || ' (' ||
               (SELECT group_concat(ii.name, ',') FROM pragma_index_info(m.name) ii) || ')'
        FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) il ON il.name = m.name
        WHERE m.type = 'index' AND m.tbl_name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'fk ' || m.name || ' (' || f."from" || ') -> ' || f."table" || '(' || f."to" || ') on delete ' || f.on_delete
        FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND m.name NOT LIKE '__EFMigrations%'
        """;

    private const string PostgresQuery = """
        SELECT c.table_name || '.' || c.column_name || ' ' || c.data_type || COALESCE('(' || c.character_maximum_length || ')', '')
               || ' nullable=' || c.is_nullable || ' default=' || COALESCE(c.column_default, '')
        FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.table_name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'index ' || i.tablename || ' ' || i.indexdef
        FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'constraint ' || tc.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class tc ON tc.oid = con.conrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'public' AND tc.relname NOT LIKE '__EFMigrations%'
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(ConsoleDbContext db)
    {
        var sql = db.Database.IsSqlite() ? SqliteQuery : PostgresQuery;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(0));
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
