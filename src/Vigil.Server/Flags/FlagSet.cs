using System.Globalization;
using System.Text;
using Vigil.Common.Time;

namespace Vigil.Server.Flags;

/// <summary>
/// Go <c>flag</c>-package parsing: <c>-name=value</c>, <c>-name value</c>, one or two dashes, bare <c>-name</c> for
/// booleans, <c>--</c> ends flags. Remembers which flags the command line set, because a set flag wins over the config
/// file while an unset flag's default loses to it (Grafana Agent parses flags, loads the file, then parses flags again).
/// </summary>
internal sealed class FlagSet
{
    private readonly Dictionary<string, FlagDefinition> _definitions;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public FlagSet(IEnumerable<FlagDefinition> definitions)
    {
        _definitions = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<FlagDefinition> Definitions => _definitions.Values;

    public IReadOnlyCollection<string> SetFlags => _values.Keys;

    public bool IsSet(string name) => _values.ContainsKey(name);

    public string GetString(string name) => _values.TryGetValue(name, out var v) ? v : _definitions[name].Default;

    public bool GetBool(string name) => ParseBool(name, GetString(name));

    public int GetInt(string name) => int.Parse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public TimeSpan GetDuration(string name)
    {
        var text = GetString(name);
        return GoDuration.TryParseGo(text, out var d, out var error)
            ? d
            : throw new FlagParseException($"invalid value \"{text}\" for flag -{name}: {error}");
    }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FlagParseException"/> naming the bad flag.</summary>
    public void Parse(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new FlagParseException($"unexpected argument: {args[i + 1]}");
                }

                return;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                throw new FlagParseException($"unexpected argument: {arg}");
            }

            var body = arg[1] == '-' ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                throw new FlagParseException($"bad flag syntax: {arg}");
            }

            string name;
            string? value = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }

            if (name is "help" or "h")
            {
                throw new HelpRequestedException();
            }

            if (!_definitions.TryGetValue(name, out var def))
            {
                throw new FlagParseException($"flag provided but not defined: -{name}");
            }

            if (value is null)
            {
                if (def.Kind == FlagKind.Bool)
                {
                    value = "true";
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new FlagParseException($"flag needs an argument: -{name}");
                }
            }

            Validate(def, value);
            _values[name] = value;
        }
    }

    /// <summary>The usage text printed by <c>-help</c> and after a bad flag, sorted by name like Go's PrintDefaults.</summary>
    public string Usage()
    {
        var sb = new StringBuilder("Usage of vigil:\n");
        foreach (var d in _definitions.Values.Where(d => !d.Ignored).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            sb.Append("  -").Append(d.Name);
            if (d.Kind != FlagKind.Bool)
            {
                sb.Append(' ').Append(d.Kind switch
                {
                    FlagKind.Duration => "duration",
                    FlagKind.Int => "int",
                    _ => "string",
                });
            }

            sb.Append("\n    \t").Append(d.Help);
            if (d.Default.Length > 0 && d.Default != "false")
            {
                sb.Append(" (default ").Append(d.Kind == FlagKind.String ? $"\"{d.Default}\"" : d.Default).Append(')');
            }

            sb.Append('\n');
        }

        sb.Append("\nAlso accepted for compatibility with Grafana Agent, without effect: ");
        sb.AppendJoin(", ", _definitions.Values.Where(d => d.Ignored).Select(d => "-" + d.Name).Order(StringComparer.Ordinal));
        return sb.Append('\n').ToString();
    }

    private static void Validate(FlagDefinition def, string value)
    {
        switch (def.Kind)
        {
            case FlagKind.Bool:
                _ = ParseBool(def.Name, value);
                break;
            case FlagKind.Int when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _):
                throw new FlagParseException($"invalid value \"{value}\" for flag -{def.Name}: parse error");
            case FlagKind.Duration when !GoDuration.TryParseGo(value, out _, out var error):
                throw new FlagParseException($"invalid value \"{value}\" for flag -{def.Name}: {error}");
        }
    }

    private static bool ParseBool(string name, string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new FlagParseException($"invalid boolean value \"{value}\" for -{name}: parse error"),
    };
}
