using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Vpp.Infrastructure.Storage;

/// <summary>Typed REST client for one Azure Storage queue.</summary>
public sealed partial class QueueClient
{
    private readonly StorageTransport transport;
    private readonly System.Uri queueUri;

    public QueueClient(StorageTransport transport, Uri serviceEndpoint, string queueName)
    {
        if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Queue name '{queueName}' is invalid: 3-63 lower-case letters, digits and single hyphens.", nameof(queueName));
        }

        this.transport = transport;
        Name = queueName;
        queueUri = new System.Uri(serviceEndpoint.ToString().TrimEnd('/') + "/" + queueName);
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Queue,
            () => new HttpRequestMessage(HttpMethod.Put, queueUri),
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.Conflict).ConfigureAwait(false);
    }

    /// <summary>Puts a message, invisible for <paramref name="visibilityDelay"/>, expiring after <paramref name="timeToLive"/> (null: 7 days).</summary>
    public async Task<string> SendAsync(
        string text,
        TimeSpan? visibilityDelay = null,
        TimeSpan? timeToLive = null,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (visibilityDelay is { } delay)
        {
            query.Add("visibilitytimeout=" + Seconds(delay));
        }

        if (timeToLive is { } ttl)
        {
            query.Add("messagettl=" + (ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl)));
        }

        var body = $"<QueueMessage><MessageText>{SecurityElement.Escape(text)}</MessageText></QueueMessage>";
        using var response = await transport.SendAsync(
            StorageService.Queue,
            () => new HttpRequestMessage(HttpMethod.Post, MessagesUri("messages", query))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/xml"),
            },
            cancellationToken).ConfigureAwait(false);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return xml.Root!.Element("QueueMessage")!.Element("MessageId")!.Value;
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> (1-32), hiding them for <paramref name="visibilityTimeout"/>.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        int maxMessages = 1,
        TimeSpan? visibilityTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var query = new List<string> { "numofmessages=" + maxMessages };
        if (visibilityTimeout is { } timeout)
        {
            query.Add("visibilitytimeout=" + Seconds(timeout));
        }

        using var response = await transport.SendAsync(
            StorageService.Queue,
            () => new HttpRequestMessage(HttpMethod.Get, MessagesUri("messages", query)),
            cancellationToken).ConfigureAwait(false);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return xml.Root!.Elements("QueueMessage").Select(m => new QueueMessage(
            m.Element("MessageId")!.Value,
            m.Element("PopReceipt")!.Value,
            m.Element("MessageText")?.Value ?? string.Empty,
            long.Parse(m.Element("DequeueCount")!.Value, CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"),
            Date(m, "TimeNextVisible"))).ToList();
    }

    public async Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Queue,
            () => new HttpRequestMessage(HttpMethod.Delete, MessagesUri("messages/" + System.Uri.EscapeDataString(messageId), ["popreceipt=" + System.Uri.EscapeDataString(popReceipt)])),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a received message's visibility (and optionally its text); returns the new pop receipt.</summary>
    public async Task<string> UpdateAsync(
        string messageId,
        string popReceipt,
        TimeSpan visibilityTimeout,
        string? newText = null,
        CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Queue,
            () => new HttpRequestMessage(
                HttpMethod.Put,
                MessagesUri("messages/" + System.Uri.EscapeDataString(messageId), ["popreceipt=" + System.Uri.EscapeDataString(popReceipt), "visibilitytimeout=" + Seconds(visibilityTimeout)]))
            {
                Content = newText is null
                    ? null
                    : new StringContent($"<QueueMessage><MessageText>{SecurityElement.Escape(newText)}</MessageText></QueueMessage>", Encoding.UTF8, "application/xml"),
            },
            cancellationToken).ConfigureAwait(false);
        return response.Headers.GetValues("x-ms-popreceipt").First();
    }

    private System.Uri MessagesUri(string path, IEnumerable<string> query)
    {
        var q = string.Join("&", query);
        return new System.Uri(queueUri + "/" + path + (q.Length > 0 ? "?" + q : string.Empty));
    }

    private static string Seconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Date(XElement message, string name) =>
        DateTimeOffset.Parse(message.Element(name)!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
