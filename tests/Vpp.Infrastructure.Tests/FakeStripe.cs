using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vpp.Domain.Tests;
using Vpp.LocalHost.Azurite;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// An in-process stand-in for Stripe's API on 127.0.0.1 that Stripe.net talks to (<c>StripeClientOptions.ApiBase</c>).
/// Every request is checked against Stripe's published OpenAPI (../shared/specs/stripe: the path and verb exist, form
/// fields are declared, required ones present) and its protocol (bearer key, form body, an <c>Idempotency-Key</c> of at
/// most 255 characters on POST). Like Stripe, it saves the first response to a key once the endpoint runs and replays
/// it; a reused key with other parameters is an idempotency error. It can answer 503 before running (not saved),
/// run and then answer too late for the client, and refuse restricted accounts; it keeps its transfers to be counted.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_for_tests_only";
    private static readonly Regex ReversalPath = new("^/v1/transfers/([^/]+)/reversals$", RegexOptions.Compiled);

    /// <summary>Stripe's operations as the spec declares them, each path template as a pattern: read once, not per request.</summary>
    private readonly IReadOnlyList<(string Template, Regex Pattern, JsonElement Operations)> paths =
    [
        .. JsonDocument.Parse(File.ReadAllText(SharedData.SpecPath("stripe/DERIVED-subset.2023-09-12.json"))).RootElement.GetProperty("paths").EnumerateObject()
            .Select(p => (p.Name, new Regex("^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.Compiled), p.Value.Clone())),
    ];

    private readonly ConcurrentDictionary<string, (string Parameters, int Status, string Body)> saved = new();
    private readonly ConcurrentDictionary<string, JsonObject> transfers = new();
    private readonly ConcurrentDictionary<string, JsonObject> reversals = new();
    private readonly object gate = new();
    private TimeProvider clock = TimeProvider.System;
    private WebApplication? app;
    private int unavailable;
    private int late;
    private long second;
    private int inSecond;
    private int rateLimited;

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<string> IdempotencyKeys { get; } = new();

    public HashSet<string> RestrictedAccounts { get; } = [];

    public TimeSpan LateBy { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long every request that ran waits before it answers: a host can then be killed between Stripe's transfer and its record of it.</summary>
    public TimeSpan Delay { get; set; }

    public Uri ApiBase { get; private set; } = null!;

    /// <summary>Stripe's rate limiter: requests beyond this many in one clock second get 429 before the endpoint runs (null: none).</summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>How many requests the rate limiter refused.</summary>
    public int RateLimited => Volatile.Read(ref rateLimited);

    public IReadOnlyList<JsonObject> Transfers => [.. transfers.Values];

    public IReadOnlyList<JsonObject> Reversals => [.. reversals.Values];

    /// <summary>The next <paramref name="count"/> requests get 503 before the endpoint runs: nothing saved, a retry may pass.</summary>
    public void Unavailable(int count) => Interlocked.Exchange(ref unavailable, count);

    /// <summary>The next <paramref name="count"/> requests run, then answer after <see cref="LateBy"/>: the client gives up on a transfer that was made.</summary>
    public void Late(int count) => Interlocked.Exchange(ref late, count);

    /// <param name="clock">What the fake stamps transfers' <c>created</c> with.</param>
    public static async Task<FakeStripe> StartAsync(TimeProvider? clock = null)
    {
        var fake = new FakeStripe { clock = clock ?? TimeProvider.System };
        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fake.app = builder.Build();
        fake.app.Run(fake.RespondAsync);
        await fake.app.StartAsync();
        fake.ApiBase = new Uri($"http://127.0.0.1:{port}");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? [];
        var problems = Check(request.Method, request.Path.Value ?? string.Empty, request.Headers.Authorization.ToString(), request.Headers["Idempotency-Key"].ToString(), form is not null, fields);
        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        if (problems.Count > 0)
        {
            await WriteAsync(context, 400, Error("invalid_request_error", "parameter_invalid", string.Join("; ", problems)));
            return;
        }

        if (OverRate())
        {
            Interlocked.Increment(ref rateLimited);
            await WriteAsync(context, 429, Error("invalid_request_error", null, "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests."));
            return;
        }

        if (Interlocked.Decrement(ref unavailable) >= 0)
        {
            await WriteAsync(context, 503, Error("api_error", null, "the service is briefly unavailable"));
            return;
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        IdempotencyKeys.Enqueue(key);
        var parameters = string.Join("&", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        (string Parameters, int Status, string Body) result;
        lock (gate)
        {
            if (saved.TryGetValue(key, out var earlier))
            {
                result = earlier.Parameters == parameters ? earlier
                    : (parameters, 400, Error("idempotency_error", null, $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."));
            }
            else
            {
                var reversal = ReversalPath.Match(request.Path.Value ?? string.Empty);
                var (status, body) = reversal.Success ? CreateReversal(reversal.Groups[1].Value, fields) : CreateTransfer(fields);
                result = (parameters, status, body);
                saved[key] = result;
            }
        }

        if (Interlocked.Decrement(ref late) >= 0)
        {
            await Task.Delay(LateBy);
        }

        await Task.Delay(Delay);

        await WriteAsync(context, result.Status, result.Body);
    }

    private bool OverRate()
    {
        if (RequestsPerSecond is not { } limit)
        {
            return false;
        }

        // Real seconds, whatever clock stamps the transfers: a limit is per second of the caller's real time.
        var now = Environment.TickCount64 / 1000;
        lock (gate)
        {
            if (now != second)
            {
                (second, inSecond) = (now, 0);
            }

            return ++inSecond > limit;
        }
    }

    private (int Status, string Body) CreateTransfer(Dictionary<string, string> fields)
    {
        var destination = fields["destination"];
        if (RestrictedAccounts.Contains(destination))
        {
            return (400, Error("invalid_request_error", "account_invalid", $"The destination account {destination} is restricted and cannot receive transfers."));
        }

        var id = $"tr_{Guid.NewGuid():N}"[..27];
        var metadata = new JsonObject();
        foreach (var (name, value) in fields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var transfer = new JsonObject
        {
            ["id"] = id,
            ["object"] = "transfer",
            ["amount"] = long.Parse(fields["amount"], System.Globalization.CultureInfo.InvariantCulture),
            ["amount_reversed"] = 0,
            ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = fields["currency"],
            ["destination"] = destination,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["reversals"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray(), ["has_more"] = false, ["url"] = $"/v1/transfers/{id}/reversals" },
            ["reversed"] = false,
            ["transfer_group"] = fields.GetValueOrDefault("transfer_group"),
        };
        transfers[id] = transfer;
        return (200, transfer.ToJsonString());
    }

    /// <summary>Reverses a transfer in full (Stripe's default when no amount is given).</summary>
    private (int Status, string Body) CreateReversal(string transferId, Dictionary<string, string> fields)
    {
        if (!transfers.TryGetValue(transferId, out var transfer))
        {
            return (404, Error("invalid_request_error", "resource_missing", $"No such transfer: '{transferId}'"));
        }

        var amount = transfer["amount"]!.GetValue<long>();
        var id = $"trr_{Guid.NewGuid():N}"[..28];
        var reversal = new JsonObject
        {
            ["id"] = id,
            ["object"] = "transfer_reversal",
            ["amount"] = amount,
            ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = transfer["currency"]!.GetValue<string>(),
            ["metadata"] = new JsonObject(fields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal))
                .Select(f => KeyValuePair.Create(f.Key["metadata[".Length..^1], (JsonNode?)JsonValue.Create(f.Value)))),
            ["transfer"] = transferId,
        };
        transfer["amount_reversed"] = amount;
        transfer["reversed"] = true;
        reversals[id] = reversal;
        return (200, reversal.ToJsonString());
    }

    private List<string> Check(string method, string path, string authorization, string idempotencyKey, bool isForm, Dictionary<string, string> fields)
    {
        var problems = new List<string>();
        var match = paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (match.Template is null || !match.Operations.TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            return [$"{method} {path} is not an operation of Stripe's API"];
        }

        if (authorization != $"Bearer {SecretKey}")
        {
            problems.Add("Authorization must be the platform's secret key as a bearer token");
        }

        if (method != "POST")
        {
            return problems;
        }

        if (!isForm)
        {
            problems.Add("a POST body must be application/x-www-form-urlencoded");
        }

        if (idempotencyKey.Length is 0 or > 255)
        {
            problems.Add("Idempotency-Key must be sent, at most 255 characters");
        }

        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
        var declared = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(fields.Keys.Select(f => f.Split('[')[0]).Distinct().Where(f => !declared.Contains(f)).Select(f => $"'{f}' is not a parameter of {method} {match.Template}"));
        if (schema.TryGetProperty("required", out var required))
        {
            problems.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !fields.ContainsKey(r)).Select(r => $"'{r}' is required by {method} {match.Template}"));
        }

        if (fields.TryGetValue("amount", out var amount) && !(long.TryParse(amount, out var cents) && cents > 0))
        {
            problems.Add($"amount must be a positive integer in the currency's smallest unit, not '{amount}'");
        }

        return problems;
    }

    private static string Error(string type, string? code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString();

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
