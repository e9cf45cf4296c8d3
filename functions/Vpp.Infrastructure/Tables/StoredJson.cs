using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace Vpp.Infrastructure.Tables;

/// <summary>JSON for values stored in a single table column (camelCase, enums by name).</summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>The values the rows keep as JSON in <paramref name="column"/>, in row order; rows without one are skipped.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(IAsyncEnumerable<TableEntity> rows, string column)
        where T : class
    {
        var values = new List<T>();
        await foreach (var row in rows)
        {
            if (Read<T>(row.GetString(column)) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
