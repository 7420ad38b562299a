using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vigil.Common.Yaml;

/// <summary>
/// Finds a key given twice in one mapping before the document is bound to types, so the error names the line of the
/// second occurrence for every mapping (YamlDotNet's own check points at the start of a map-typed mapping instead).
/// </summary>
internal static class DuplicateKeyScanner
{
    public static void Scan(string text)
    {
        var parser = new Parser(new StringReader(text));

        // One frame per open collection: a key set for a mapping (and whether the next scalar is a key), null for a sequence.
        var frames = new Stack<MappingFrame?>();
        while (parser.MoveNext())
        {
            var current = parser.Current;
            var frame = frames.Count > 0 ? frames.Peek() : null;
            var isKey = frame is not null && frame.ExpectKey;
            if (frame is not null)
            {
                frame.ExpectKey = !frame.ExpectKey;
            }

            switch (current)
            {
                case MappingStart:
                    frames.Push(new MappingFrame());
                    break;
                case SequenceStart:
                    frames.Push(null);
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    if (frames.Count > 0 && frames.Peek() is { } parent)
                    {
                        // The collection that just closed was a value; the mapping around it now expects a key.
                        parent.ExpectKey = true;
                    }

                    break;
                case Scalar scalar when isKey:
                    if (!frame!.Keys.Add(scalar.Value))
                    {
                        throw new YamlException(scalar.Start, scalar.End, $"Duplicate key {scalar.Value}");
                    }

                    break;
            }
        }
    }

    private sealed class MappingFrame
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectKey { get; set; } = true;
    }
}
