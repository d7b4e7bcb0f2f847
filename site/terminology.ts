// The book's one Chinese rendering per term (附录B 术语表 shows this table): `use` is the
// rendering the pages write, `avoid` the variants other books (and the source articles) use.
// tests/site/glossary.test.ts fails when a page writes an avoided variant; `allow` lists longer
// words that contain a variant legitimately (超参数 contains 超参).

export interface Rendering {
  use: string;
  english: string;
  avoid: string[];
  allow?: string[];
}

export const renderings: Rendering[] = [
  { use: "代码单元", english: "code cell", avoid: ["单元格", "代码格"] },
  { use: "Dropout", english: "dropout", avoid: ["丢弃法", "暂退法", "随机失活"] },
  { use: "Transformer", english: "Transformer", avoid: ["变压器", "变换器"] },
  { use: "超参数", english: "hyperparameter", avoid: ["超参"], allow: ["超参数"] },
  { use: "批归一化", english: "batch normalization", avoid: ["批量归一化", "批标准化", "批量规范化", "批规范化"] },
  { use: "层归一化", english: "layer normalization", avoid: ["层规范化", "层标准化"] },
  { use: "残差连接", english: "residual connection", avoid: ["捷径连接", "跳跃连接", "快捷连接", "跳跃链接"] },
  { use: "缩放定律", english: "scaling law", avoid: ["规模定律", "扩展定律", "尺度定律", "标度律"] },
  { use: "预热", english: "warmup", avoid: ["热身"] },
  { use: "早停", english: "early stopping", avoid: ["提前停止", "提早停止"] },
  { use: "过拟合", english: "overfitting", avoid: ["过度拟合"] },
  { use: "循环神经网络", english: "recurrent neural network", avoid: ["递归神经网络", "回归神经网络"] },
  { use: "长短期记忆网络", english: "long short-term memory", avoid: ["长短时记忆", "长短记忆"] },
  { use: "多层感知机", english: "multilayer perceptron", avoid: ["多层感知器"] },
  { use: "隐藏状态", english: "hidden state", avoid: ["隐状态", "隐含状态"] },
  { use: "细胞状态", english: "cell state", avoid: ["记忆元", "单元状态"] },
  { use: "自注意力", english: "self-attention", avoid: ["自我注意力", "自关注"] },
  { use: "特征图", english: "feature map", avoid: ["特征映射"] },
  { use: "学习率", english: "learning rate", avoid: ["学习速率"] },
  { use: "激活函数", english: "activation function", avoid: ["激励函数"] },
  { use: "梯度裁剪", english: "gradient clipping", avoid: ["梯度截断"] },
  { use: "神经架构搜索", english: "neural architecture search", avoid: ["网络结构搜索", "神经结构搜索"] },
  { use: "微调", english: "fine-tuning", avoid: ["精调"] },
  { use: "权重", english: "weight", avoid: ["权值"] },
  { use: "批大小", english: "batch size", avoid: ["批量大小", "批次大小"] },
  { use: "损失函数", english: "loss function", avoid: ["代价函数"] },
  { use: "上下文学习", english: "in-context learning", avoid: ["语境学习", "情境学习"] },
  { use: "数据增强", english: "data augmentation", avoid: ["数据增广", "数据扩增"] },
  { use: "词表", english: "vocabulary", avoid: ["词汇表"] },
  { use: "对抗样本", english: "adversarial example", avoid: ["对抗性样本", "对抗性例子"] },
  { use: "成员推断", english: "membership inference", avoid: ["成员推理"] },
  { use: "显著图", english: "saliency map", avoid: ["显著性图"] },
  { use: "卷积核", english: "kernel", avoid: ["滤波器"] },
  { use: "步幅", english: "stride", avoid: ["跨步"] },
  { use: "混合专家", english: "mixture of experts", avoid: ["专家混合"] },
  { use: "小批量", english: "mini-batch", avoid: ["迷你批", "微型批"] }
];

export interface VariantUse {
  use: string;
  variant: string;
  index: number;
}

/** The avoided variants a text writes, with the rendering to write instead. */
export function avoidedVariants(text: string, table: Rendering[] = renderings): VariantUse[] {
  const found: VariantUse[] = [];
  for (const { use, avoid, allow = [] } of table) {
    for (const variant of avoid) {
      for (let i = text.indexOf(variant); i >= 0; i = text.indexOf(variant, i + 1)) {
        const allowed = allow.some((word) => {
          const at = word.indexOf(variant);
          return at >= 0 && text.startsWith(word, i - at);
        });
        if (!allowed) found.push({ use, variant, index: i });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
