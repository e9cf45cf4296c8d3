namespace Vpp.LocalHost;

/// <summary>A verb (optional) and <c>--name value</c> / <c>--flag</c> options.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    public string? Command { get; private set; }

    public static CommandLine Parse(string[] args)
    {
        var parsed = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                parsed.options[args[i][2..]] = hasValue ? args[++i] : null;
            }
            else if (parsed.Command is null)
            {
                parsed.Command = args[i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }

        return parsed;
    }

    public string? Get(string name) => options.GetValueOrDefault(name);

    public bool Has(string name) => options.ContainsKey(name);
}
