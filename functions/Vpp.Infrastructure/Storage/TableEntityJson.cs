using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vpp.Infrastructure.Storage;

/// <summary>Entities to and from OData JSON with Edm type annotations.</summary>
internal static class TableEntityJson
{
    public static string Serialize(TableEntity entity)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", entity.PartitionKey);
            json.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                WriteProperty(json, name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string s:
                json.WriteString(name, s);
                break;
            case long l:
                json.WriteString(name + "@odata.type", "Edm.Int64");
                json.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                json.WriteNumber(name, i);
                break;
            case double d:
                json.WriteString(name + "@odata.type", "Edm.Double");
                if (double.IsFinite(d))
                {
                    json.WriteNumber(name, d);
                }
                else
                {
                    json.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case DateTimeOffset t:
                json.WriteString(name + "@odata.type", "Edm.DateTime");
                json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                json.WriteString(name + "@odata.type", "Edm.Guid");
                json.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                json.WriteString(name + "@odata.type", "Edm.Binary");
                json.WriteString(name, Convert.ToBase64String(bytes));
                break;
            default:
                throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    public static TableEntity Deserialize(JsonElement element, string? etagHeader = null)
    {
        var entity = new TableEntity(
            element.GetProperty("PartitionKey").GetString()!,
            element.GetProperty("RowKey").GetString()!);
        entity.ETag = element.TryGetProperty("odata.etag", out var etag) ? etag.GetString() : etagHeader;

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            var edmType = element.TryGetProperty(name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            if (name == "Timestamp")
            {
                entity.Timestamp = DateTimeOffset.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                continue;
            }

            entity[name] = ReadValue(property.Value, edmType);
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Int32" => value.GetInt32(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => Convert.FromBase64String(value.GetString()!),
        "Edm.Boolean" => value.GetBoolean(),
        "Edm.String" => value.GetString(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var i) => i,
            JsonValueKind.Number => value.GetDouble(),
            _ => null,
        },
    };
}
