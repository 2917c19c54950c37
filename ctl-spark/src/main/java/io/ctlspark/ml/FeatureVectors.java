package io.ctlspark.ml;

import static org.apache.spark.sql.functions.col;

import io.ctlspark.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Spark ML's features vector column as the plain columns the task dataset builder reads. */
final class FeatureVectors {
  private FeatureVectors() {}

  static void requireColumns(StructType schema, String... names) {
    List<String> have = Arrays.asList(schema.fieldNames());
    for (String n : names) {
      if (!have.contains(n)) {
        throw new BadInputException("missing column '" + n + "'; columns are " + have);
      }
    }
  }

  /**
   * (_task, _f0 .. _f{d-1}, then {@code extra}) from a table with a task column and a vector
   * column; d comes from the vector column's ML attributes or, without them, its first row.
   */
  static Dataset<Row> toColumns(Dataset<Row> table, String taskCol, String featuresCol,
      Column... extra) {
    int d = AttributeGroup.fromStructField(table.schema().apply(featuresCol)).size();
    Dataset<Row> arrays = table.withColumn("_fv", functions.vector_to_array(col(featuresCol),
        "float64"));
    if (d < 0) {
      List<Row> first = arrays.select("_fv").takeAsList(1);
      if (first.isEmpty()) {
        throw new BadInputException("the dataset has no rows");
      }
      d = first.get(0).getList(0).size();
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col(taskCol).cast("string").as("_task"));
    for (int j = 0; j < d; j++) {
      cols.add(col("_fv").getItem(j).as("_f" + j));
    }
    cols.addAll(Arrays.asList(extra));
    return arrays.select(cols.toArray(new Column[0]));
  }
}
