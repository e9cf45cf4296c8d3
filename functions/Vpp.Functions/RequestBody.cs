using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Vpp.Functions;

/// <summary>Reads a JSON request body, turning malformed JSON into a problem that names the field at fault.</summary>
public static class RequestBody
{
    /// <summary>Web defaults, but a number must be a JSON number: "0.1" where a price belongs is a mistake to report, not to guess at.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null ? (null, Problems.Validation("body", "a JSON object is required")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Problems.Validation(field, "is not valid JSON of the expected type"));
        }
    }
}
