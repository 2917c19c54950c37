package io.ctlspark.tree;

import io.ctlspark.config.ConfigName;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.Serializable;
import java.util.Objects;

/**
 * The tree a cascade trains along: its shape, the task distance it is built from, the root rule
 * (medoid, pooled, or a task id) and each shape's own settings.
 */
public record TreeSpec(TreeType type, DistanceKind distance, String root, int clusters,
    int approximateAbove, int maxDepth, double depthPenalty) implements Serializable {
  /** The root rule that trains a virtual source on the pooled data first. */
  public static final String POOLED_ROOT = "pooled";
  /** The root rule that takes the task nearest the mean of all tasks' mean features. */
  public static final String MEDOID_ROOT = "medoid";

  public TreeSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(distance, "distance");
    Setting.ROOT.check(root);
    Setting.CLUSTERS.check(clusters);
    Setting.APPROXIMATE_ABOVE.check(approximateAbove);
    Setting.MAX_DEPTH.check(maxDepth);
    Setting.DEPTH_PENALTY.check(depthPenalty);
  }

  public static TreeSpec from(SettingSource src) {
    return new TreeSpec(
        ConfigName.parse(TreeType.class, Setting.TREE_TYPE, src.string(Setting.TREE_TYPE)),
        ConfigName.parse(DistanceKind.class, Setting.DISTANCE, src.string(Setting.DISTANCE)),
        src.string(Setting.ROOT), src.integer(Setting.CLUSTERS),
        src.integer(Setting.APPROXIMATE_ABOVE), src.integer(Setting.MAX_DEPTH),
        src.number(Setting.DEPTH_PENALTY));
  }

  public boolean pooledRoot() {
    return root.equals(POOLED_ROOT);
  }

  /** The root is chosen by the medoid rule (also the pooled rule's tree root). */
  public boolean medoidRoot() {
    return root.equals(MEDOID_ROOT) || pooledRoot();
  }

  /** "mst-gradient", "star", ...: the shape, and the distance when the shape depends on it. */
  public String label() {
    return type.usesDistance() ? type.configName() + "-" + distance.configName()
        : type.configName();
  }
}
