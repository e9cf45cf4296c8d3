using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Vpp.Infrastructure.Storage;

/// <summary>
/// Sends Storage requests: sets the version and date headers, signs each attempt, retries transient
/// failures (408, 429, 500, 502, 503, 504, connection errors and timeouts) with exponential backoff and
/// jitter, and turns other failures into <see cref="StorageException"/> with the service's error code.
/// </summary>
public sealed class StorageTransport(HttpClient http, StorageCredential credential, TimeProvider clock, StorageRetryPolicy? retry = null)
{
    public const string TableVersion = "2019-02-02";
    public const string BlobQueueVersion = "2021-10-04";

    private readonly StorageRetryPolicy policy = retry ?? StorageRetryPolicy.Default;

    /// <summary>Sends a request built fresh for every attempt and returns the successful response.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        StorageService service,
        Func<HttpRequestMessage> build,
        CancellationToken cancellationToken,
        Func<HttpResponseMessage, bool>? acceptFailure = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            request.Headers.TryAddWithoutValidation("x-ms-version", service == StorageService.Table ? TableVersion : BlobQueueVersion);
            request.Headers.TryAddWithoutValidation("x-ms-date", clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
            await credential.AuthorizeAsync(request, service, cancellationToken).ConfigureAwait(false);

            HttpResponseMessage response;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(policy.AttemptTimeout);
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= policy.MaxAttempts)
                {
                    throw new StorageException(HttpStatusCode.RequestTimeout, "TransportFailure",
                        $"{request.Method} {request.RequestUri} failed after {attempt} attempts: {ex.Message}");
                }

                await Task.Delay(policy.Backoff(attempt), clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode || acceptFailure?.Invoke(response) == true)
            {
                return response;
            }

            if (IsTransient(response.StatusCode) && attempt < policy.MaxAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? policy.Backoff(attempt);
                response.Dispose();
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Reads the service's error code and message from an XML (Blob, Queue) or OData JSON (Table) error body.</summary>
    public static async Task<StorageException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var (parsedCode, message) = ParseErrorBody(body);
        code ??= parsedCode;
        message ??= string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "request failed" : body;
        return response.StatusCode == HttpStatusCode.PreconditionFailed
            ? new ConcurrencyConflictException(code, message)
            : new StorageException(response.StatusCode, code, message);
    }

    internal static (string? Code, string? Message) ParseErrorBody(string body)
    {
        var trimmed = body.TrimStart();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(trimmed);
                if (doc.RootElement.TryGetProperty("odata.error", out var error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m)
                        ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString()
                        : null;
                    return (code, message);
                }
            }
            else if (trimmed.StartsWith('<'))
            {
                var xml = XDocument.Parse(trimmed).Root;
                return (xml?.Element("Code")?.Value, xml?.Element("Message")?.Value);
            }
        }
        catch (Exception ex) when (ex is JsonException or System.Xml.XmlException)
        {
            return (null, body);
        }

        return (null, null);
    }
}
