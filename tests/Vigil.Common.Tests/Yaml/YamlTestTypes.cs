using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Common.Tests.Yaml;

public class YamlBaseBlock
{
    [YamlMember(Alias = "base_first", Order = 10)]
    [OmitEmpty]
    public string BaseFirst { get; set; } = string.Empty;

    [YamlMember(Alias = "base_flag", Order = 11)]
    public bool BaseFlag { get; set; } = true;
}

public sealed class YamlDerivedBlock : YamlBaseBlock
{
    [YamlMember(Alias = "before", Order = 1)]
    [OmitEmpty]
    public string Before { get; set; } = string.Empty;

    [YamlMember(Alias = "after", Order = 20)]
    [OmitEmpty]
    public int After { get; set; }
}

[DefaultOnNull]
public sealed class YamlValueBlock : IZeroValue
{
    [YamlMember(Alias = "interval")]
    [OmitEmpty]
    public PromDuration Interval { get; set; } = PromDuration.FromMinutes(1);

    [YamlMember(Alias = "period")]
    [OmitEmpty]
    public Duration Period { get; set; } = Duration.FromHours(1);

    public bool IsZero() => Interval == PromDuration.FromMinutes(1) && Period == Duration.FromHours(1);
}

public sealed class YamlPointerBlock
{
    [YamlMember(Alias = "username")]
    public string Username { get; set; } = string.Empty;

    [YamlMember(Alias = "password")]
    [OmitEmpty]
    public Secret? Password { get; set; }
}

public sealed class YamlRoot
{
    [YamlMember(Alias = "name")]
    [OmitEmpty]
    public string Name { get; set; } = string.Empty;

    [YamlMember(Alias = "value_block")]
    [OmitEmpty]
    public YamlValueBlock ValueBlock { get; set; } = new();

    [YamlMember(Alias = "pointer_block")]
    [OmitEmpty]
    public YamlPointerBlock? PointerBlock { get; set; }

    [YamlMember(Alias = "items")]
    [OmitEmpty]
    public List<YamlPointerBlock?> Items { get; set; } = [];

    [YamlMember(Alias = "labels")]
    [OmitEmpty]
    public SortedStringMap Labels { get; set; } = [];

    [YamlMember(Alias = "url")]
    [OmitEmpty]
    public ConfigUrl? Url { get; set; }

    [YamlMember(Alias = "limit")]
    [OmitEmpty]
    public ByteSize Limit { get; set; }

    [YamlMember(Alias = "derived")]
    [OmitEmpty]
    public YamlDerivedBlock? Derived { get; set; }

    [YamlMember(Alias = "count")]
    public int Count { get; set; }
}
