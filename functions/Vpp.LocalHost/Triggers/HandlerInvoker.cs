using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Vpp.LocalHost.Triggers;

/// <summary>Calls the custom handler the way the Functions host does: POST /{function} with {"Data","Metadata"}.</summary>
public sealed class HandlerInvoker(HttpClient http, Uri handlerBase, TimeProvider clock)
{
    public async Task<bool> InvokeAsync(string functionName, JsonObject data, JsonObject metadata, CancellationToken cancellationToken)
    {
        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = functionName,
            ["UtcNow"] = clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(handlerBase, functionName))
        {
            Content = JsonContent.Create(new JsonObject { ["Data"] = data, ["Metadata"] = metadata }),
        };
        request.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("User-Agent", "Azure-Functions-Host/local-runner");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The host passes strings, arrays and numbers as JSON text inside a string.</summary>
    public static JsonNode AsHostString(JsonNode value) => JsonValue.Create(value.ToJsonString())!;
}
