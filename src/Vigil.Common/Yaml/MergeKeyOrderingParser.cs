using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vigil.Common.Yaml;

/// <summary>
/// Reads the whole document once, rejecting a key given twice in one mapping (the error names the second occurrence's
/// line, for struct and map targets alike), and replays it with every merge key (<c>&lt;&lt;</c>) moved to the front of
/// its mapping. YamlDotNet's <see cref="MergingParser"/> expands a merge in place and binding keeps the last value of a
/// key, so a merge written after an explicit key would override it; YAML (and Go's yaml.v2) let the explicit key win.
/// </summary>
internal sealed class MergeKeyOrderingParser : IParser
{
    private readonly List<ParsingEvent> _events;
    private int _index = -1;

    public MergeKeyOrderingParser(string text)
    {
        var source = new Parser(new StringReader(text));
        var raw = new List<ParsingEvent>();
        while (source.MoveNext())
        {
            raw.Add(source.Current!);
        }

        _events = new List<ParsingEvent>(raw.Count);
        var i = 0;
        while (i < raw.Count)
        {
            CopyNode(raw, ref i, _events);
        }
    }

    public ParsingEvent? Current => _index >= 0 && _index < _events.Count ? _events[_index] : null;

    public bool MoveNext()
    {
        if (_index < _events.Count)
        {
            _index++;
        }

        return _index < _events.Count;
    }

    /// <summary>Copies the node starting at <paramref name="i"/> (or a single stream/document event), reordering mappings.</summary>
    private static void CopyNode(List<ParsingEvent> raw, ref int i, List<ParsingEvent> output)
    {
        var start = raw[i++];
        output.Add(start);
        switch (start)
        {
            case SequenceStart:
                while (raw[i] is not SequenceEnd)
                {
                    CopyNode(raw, ref i, output);
                }

                output.Add(raw[i++]);
                break;
            case MappingStart:
                var merges = new List<ParsingEvent>();
                var others = new List<ParsingEvent>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (raw[i] is not MappingEnd)
                {
                    var isMerge = raw[i] is Scalar { Value: "<<", Style: ScalarStyle.Plain };
                    if (!isMerge && raw[i] is Scalar key && !keys.Add(key.Value))
                    {
                        throw new YamlException(key.Start, key.End, $"Duplicate key {key.Value}");
                    }

                    var target = isMerge ? merges : others;
                    CopyNode(raw, ref i, target);
                    CopyNode(raw, ref i, target);
                }

                output.AddRange(merges);
                output.AddRange(others);
                output.Add(raw[i++]);
                break;
        }
    }
}
