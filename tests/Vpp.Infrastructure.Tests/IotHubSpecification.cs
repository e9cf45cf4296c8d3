using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vpp.Domain.Tests;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// The official IoT Hub service swagger (../shared/specs/iothub, api-version 2021-04-12), used to check that every
/// request the adapter sends names a real operation, with the right api-version, declared headers and body fields.
/// </summary>
public sealed class IotHubSpecification
{
    private readonly JsonElement root;

    private IotHubSpecification(JsonElement root) => this.root = root;

    public string ApiVersion => root.GetProperty("info").GetProperty("version").GetString()!;

    public static IotHubSpecification Load() =>
        new(JsonDocument.Parse(File.ReadAllText(SharedData.SpecPath("iothub/iothub-service-2021-04-12.swagger.json"))).RootElement.Clone());

    /// <summary>Returns the violations of one request (empty when it conforms) and the operation id it matched.</summary>
    public (string? OperationId, IReadOnlyList<string> Violations) Check(string method, string path, IReadOnlyDictionary<string, string> query, IEnumerable<string> headerNames, string? body)
    {
        var violations = new List<string>();
        var match = root.GetProperty("paths").EnumerateObject()
            .FirstOrDefault(p => Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^}]+}", "[^/]+") + "$"));
        if (match.Value.ValueKind == JsonValueKind.Undefined || !match.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            return (null, [$"{method} {path} is not an operation of the IoT Hub service API"]);
        }

        if (query.GetValueOrDefault("api-version") != ApiVersion)
        {
            violations.Add($"api-version must be {ApiVersion}");
        }

        var parameters = operation.GetProperty("parameters").EnumerateArray().Where(p => p.TryGetProperty("name", out _)).ToList();
        var declaredHeaders = parameters.Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headerNames.Where(h => h.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase) || h.Equals("If-Match", StringComparison.OrdinalIgnoreCase)))
        {
            if (!declaredHeaders.Contains(header))
            {
                violations.Add($"header {header} is not declared for {operation.GetProperty("operationId").GetString()}");
            }
        }

        var bodyParameter = parameters.FirstOrDefault(p => p.GetProperty("in").GetString() == "body");
        if (bodyParameter.ValueKind != JsonValueKind.Undefined)
        {
            if (string.IsNullOrEmpty(body))
            {
                violations.Add("the operation requires a body");
            }
            else
            {
                var allowed = Properties(bodyParameter.GetProperty("schema"));
                var sent = JsonNode.Parse(body) as JsonObject;
                foreach (var (name, _) in sent ?? [])
                {
                    if (!allowed.Contains(name))
                    {
                        violations.Add($"body property '{name}' is not in the {operation.GetProperty("operationId").GetString()} schema");
                    }
                }
            }
        }

        return (operation.GetProperty("operationId").GetString(), violations);
    }

    public HashSet<string> Properties(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = root.GetProperty("definitions").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>Property names of a definition (for nested checks such as JobRequest.updateTwin).</summary>
    public HashSet<string> DefinitionProperties(string name) =>
        root.GetProperty("definitions").GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
